"""EPN practice kiosk: rehearse online tasks on simulated screens, guided by voice."""

__version__ = "0.1.0"
