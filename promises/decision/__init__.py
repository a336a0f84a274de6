"""The decision: the package handed to the council, the record of its decision, the
documents (PDF) rendered from the approved version."""
