"""Penetration-test findings, one regression test each, kept forever."""
