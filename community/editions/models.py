"""The models of newsletter editions (filled in by the editions work)."""
