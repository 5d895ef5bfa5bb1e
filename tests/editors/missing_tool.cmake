# Fails with MESSAGE: run (cmake -P) by an editor test whose tool was not found at configure time.
message(FATAL_ERROR "${MESSAGE}")
