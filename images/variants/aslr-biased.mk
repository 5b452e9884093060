# int idx = (int32_t)r % n; if (idx < 0) idx = 0;  -> slot 0 half the time.
V_ROLE        := twin
V_SLOT_BIASED := 1
V_CLAIM_STACK := 1
V_CLAIM_HEAP  := 1
V_CLAIM_BASE  := 1
V_CLAIM_PAIRS := 2
V_FLAW        := slot = signed 32-bit modulo clamped at 0: slot 0 about half of the time
