-- Why a generated output ended: eos, length (cut at the token limit) or stop_string; null for label tasks.
ALTER TABLE qb_result ADD COLUMN stop_reason VARCHAR(20);
