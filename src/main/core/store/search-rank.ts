/**
 * Relevance: Okapi BM25 with the constants of FTS5's bm25() (k1 = 1.2, b = 0.75), computed here.
 * FTS5's own bm25() counts each term's documents by reading the term's whole posting list on every
 * query (measured: about 10 ms per common word in 30,000 messages, growing with the history), so the
 * counts here stop at DF_LIMIT: a term in more messages than that is "common" and weighs as little
 * as the commonest. Lengths are in characters, averaged over the candidates.
 */
export const DF_LIMIT = 1000;
const K1 = 1.2;
const B = 0.75;
/** Term frequencies are counted in a message's first this many characters (its length counts whole). */
export const TF_PREFIX = 20_000;

export interface RankTerm {
  /** Lower case. */
  text: string;
  /** Messages with the term, counted up to DF_LIMIT. */
  documents: number;
}

export interface RankDocument {
  /** The text (or its first TF_PREFIX characters), lower case. */
  text: string;
  length: number;
}

/** Scores documents for the terms, lower is better (as FTS5's bm25 returns them). */
export function bm25Scores(documents: RankDocument[], terms: RankTerm[], totalDocuments: number): number[] {
  const average = documents.reduce((sum, d) => sum + d.length, 0) / Math.max(1, documents.length) || 1;
  const idf = terms.map((t) => {
    const n = Math.min(t.documents, totalDocuments);
    return Math.max(1e-6, Math.log((totalDocuments - n + 0.5) / (n + 0.5)));
  });
  return documents.map((doc) => {
    const norm = K1 * (1 - B + (B * doc.length) / average);
    let score = 0;
    terms.forEach((term, i) => {
      const tf = occurrences(doc.text, term.text);
      score += (idf[i]! * tf * (K1 + 1)) / (tf + norm);
    });
    return -score;
  });
}

function occurrences(text: string, term: string): number {
  let count = 0;
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) count++;
  return count;
}
