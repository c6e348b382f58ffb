"""Cases: individuals at risk, their charges, status and dated developments."""
