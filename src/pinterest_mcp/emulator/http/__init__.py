"""The emulator's generic HTTP machinery: routing, CRUD from resource rows, parameters and body checks, bulk
envelopes, errors, faults, the request log, scopes and the in-memory store.
"""
