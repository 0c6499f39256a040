/** A regex source matching one number as people write it in questions: 九十, 八十五, 一百零二, 两, 85, ８５ (up to the hundreds). */
export const NUMBER_RE = '(?:[0-9０-９]+|[零〇一二两三四五六七八九十百]+)';
