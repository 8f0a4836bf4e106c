export * from './market-data-source';
export * from './sources/csv-file-source';
