/* pulse.js: see docs/producing-events.md */
