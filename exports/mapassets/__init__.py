"""Static assets of the interactive map: page template, script, style sheet and Russian labels."""
