// Page state and the antd pagination settings shared by every server-paged table.
import type { TablePaginationConfig } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Page and page size for a server-paged list; `pagination(total)` is the Table's pagination prop. */
export function usePaging(initialPageSize = 20) {
  const { t } = useTranslation('common');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const pagination = (total: number): TablePaginationConfig => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    showTotal: (n) => t('table.total', { total: n }),
    onChange: (p, s) => {
      setPage(p);
      setPageSize(s);
    },
  });
  return { page, pageSize, setPage, pagination };
}
