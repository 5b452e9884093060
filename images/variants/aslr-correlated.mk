V_ROLE            := twin
V_HEAP_CORRELATED := 1
V_CLAIM_HEAP_STACK := 0
V_FLAW            := heap at a fixed offset from the stack: one leak gives both
