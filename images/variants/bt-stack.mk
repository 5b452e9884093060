# Boot-time suite: baseline plus one hardening, stack ASLR (28 bits); heap
# and image base stay at slot 0.  Priced against baseline.
V_ROLE        := test
V_ASLR        := 1
V_HEAP_BITS   := 0
V_BASE_BITS   := 0
V_CANARY      := none
V_WX          := 0
V_CET         := 0
V_PIE         := 0
