"""The Kivy kiosk: screens, surfaces, the robot learner. Holds no learning rule."""
