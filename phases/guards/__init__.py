"""Guards for what reaches the app from outside: posted ids and redirect targets (posted),
the client address behind trusted proxies (network), counters that hold (limits)."""
