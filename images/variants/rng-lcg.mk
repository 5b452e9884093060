V_ROLE := twin
V_RNG  := lcg
V_FLAW := 32-bit LCG output instead of ChaCha20 (secret record and ring)
