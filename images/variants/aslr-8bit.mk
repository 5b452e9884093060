V_ROLE      := twin
V_BASE_BITS := 8
V_FLAW      := image base drawn from only 256 slots (8 bits, KASLR-like)
