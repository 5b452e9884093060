V_ROLE := twin
V_SEED := half
V_FLAW := only 64 of 256 key bits from hardware (seed words 2-7 are zero)
