"""Hand-written emulator routes: the reads and writes a resource row cannot express (analytics, reports, search,
bulk requests, trends, planning, uploads…).
"""
