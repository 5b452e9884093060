# The boot-time suite's proof image: hardened, plus a spin of a known number
# of TSC ticks just before the rng mark (the paging -> rng phase), so the
# suite must find that phase, and only that phase, slower by about that
# much.  slow=PHASE:CYCLES or slow=none on the command line picks another.
V_ROLE        := test
V_SLOW        := 1
V_SLOW_PHASE  := rng
V_SLOW_CYCLES := 60000000
