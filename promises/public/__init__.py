"""What residents and machines read: the public promise pages, the JSON API and the open
data, all from approved versions only."""
