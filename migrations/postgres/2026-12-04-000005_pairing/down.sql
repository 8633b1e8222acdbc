DROP TABLE pairing_applied_moves;
DROP TABLE pairing_proposals;
