"""Facts of Pinterest's OpenAPI description, generated into this folder so that every layer above (and the
emulator) reads the same source of truth about paths, parameters, schemas, enums and scopes.
"""
