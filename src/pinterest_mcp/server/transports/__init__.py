"""Transport details: stdio stream depth and the Streamable HTTP bearer check."""
