# Boot-time suite: baseline minus its one piece of hardening that others
# rely on, RNG seeding: no rdseed, rdrand or jitter loop, both generators
# keyed from the entry TSC.  baseline against this prices seeding.
V_ROLE        := test
V_ASLR        := 0
V_CANARY      := none
V_WX          := 0
V_CET         := 0
V_PIE         := 0
V_SEED        := none
