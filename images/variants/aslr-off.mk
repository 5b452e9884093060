V_ROLE := twin
V_ASLR := 0
V_FLAW := layout never randomized: stack, heap and base identical on every boot
