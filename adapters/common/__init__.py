"""What every adapter needs and no platform owns: length-aware splitting and clipping, secret declarations."""
