# Boot-time suite: baseline plus one hardening, heap ASLR (28 bits).
V_ROLE        := test
V_ASLR        := 1
V_STACK_BITS  := 0
V_BASE_BITS   := 0
V_CANARY      := none
V_WX          := 0
V_CET         := 0
V_PIE         := 0
