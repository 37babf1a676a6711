"""Simulations behind the emulator's analytics: ads delivery, organic metrics and targeting breakdowns."""
