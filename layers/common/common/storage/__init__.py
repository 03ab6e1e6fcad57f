"""DynamoDB data access: one repository per aggregate, no business rules."""
