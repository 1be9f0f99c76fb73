-- A hash of the comment's text as analysed: a known id that arrives with another text
-- (an export whose ids are row numbers) is analysed again. Null for rows stored before;
-- their text is compared instead.
ALTER TABLE qb_result ADD COLUMN text_hash VARCHAR(64);
