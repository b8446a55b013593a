// Excel import of units: the shared import dialog on the orgs import routes.
import { useTranslation } from 'react-i18next';
import { ExcelImportDialog } from '../../../components/excel-import-dialog';
import { orgImportPath, uploadOrgImport } from '../api';

export function OrgImportModal({
  open,
  onClose,
  onImported,
}: {
  open: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useTranslation('orgs');
  return open ? (
    <ExcelImportDialog
      title={t('import.title')}
      doneTitle={(count) => t('import.done', { count })}
      upload={uploadOrgImport}
      importPath={orgImportPath}
      onClose={onClose}
      onImported={onImported}
    />
  ) : null;
}
