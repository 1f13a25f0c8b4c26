"""The signing round: what goes out for signature, and reading the signed copies that come back."""
