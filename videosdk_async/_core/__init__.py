"""The internals every resource family shares: the request pipeline and its helpers."""
