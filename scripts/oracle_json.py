"""Shared by the fixture generators: the oracle JSON number encoding (finite floats as Python's shortest
round-trip repr, non-finite as the strings "NaN", "Infinity", "-Infinity")."""
import math


def enc(v):
    """One float (or numpy scalar) in the oracle encoding."""
    f = float(v)
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    return f
