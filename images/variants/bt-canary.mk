# Boot-time suite: baseline plus one hardening, the random stack canary
# (-fstack-protector-strong, the guard drawn at boot).
V_ROLE        := test
V_ASLR        := 0
V_CANARY      := random
V_WX          := 0
V_CET         := 0
V_PIE         := 0
