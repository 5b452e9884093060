V_ROLE := twin
V_SEED := fixed
V_FLAW := seed read and reported, but ChaCha20 keyed with a constant placeholder
