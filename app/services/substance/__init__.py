"""What is at stake: recommendations, cases, themes, sources, who a recommendation addresses, and where each was raised."""
