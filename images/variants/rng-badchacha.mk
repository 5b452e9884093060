V_ROLE          := twin
V_CHACHA_ROUNDS := 8
V_CLAIM_KAT     := fail
V_FLAW          := ChaCha with 8 instead of 20 rounds: its own known-answer test fails
