"""A fake Discord (REST and gateway on 127.0.0.1) that checks what Discord checks, and interaction payloads."""
