-- Which weights produced each result: 16 hex digits of a SHA-256 over the model's files (config,
-- tokenizer, weights). The same model id can name other weights on another machine; rows stored
-- before this column are NULL.
ALTER TABLE qb_result ADD COLUMN model_fingerprint VARCHAR(16);
