export { validateXarf } from './validate';
export { mapXarfReport, xarfLimitErrors } from './map';
export type {
  XarfCategory,
  XarfContact,
  XarfDsaCategory,
  XarfError,
  XarfEvidenceItem,
  XarfMapping,
  XarfReport,
  XarfUnsupported,
  XarfValidationResult,
} from './types';
