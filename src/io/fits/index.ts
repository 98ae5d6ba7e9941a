export { type FitsReadOptions, type HduInfo, type HduSelector, listFitsHdus, readFits, streamFits } from './reader.js';
export { createFitsWriter, type FitsWriter, type FitsWriterOptions, writeFits } from './writer.js';
