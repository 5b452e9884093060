V_ROLE := twin
V_SEED := tsc
V_FLAW := RNG seeded from the entry TSC alone (src=tsc)
