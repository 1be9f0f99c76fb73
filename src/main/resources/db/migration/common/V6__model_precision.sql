-- How the model's weights were held and multiplied for this row: f32 or bf16 (--precision).
-- Null for rows analysed before the setting existed (they were f32).
ALTER TABLE qb_result ADD COLUMN model_precision VARCHAR(8);
