// The access tokens of the donor's own orders and gifts, kept on this device (localStorage) so that the result and
// trace pages can show the certificate and the commitment salt later. Nothing else is stored.

const prefix = 'boai_gift_token:';

function write(key: string, token: string): void {
  try {
    localStorage.setItem(prefix + key, token);
  } catch {
    // Private mode or storage full: the donor still has the link in the address bar.
  }
}

function read(key: string): string | undefined {
  try {
    return localStorage.getItem(prefix + key) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberOrderToken(orderNo: string, token: string): void {
  write(`order:${orderNo}`, token);
}

export function orderToken(orderNo: string): string | undefined {
  return read(`order:${orderNo}`);
}

export function rememberGiftToken(donationNo: string, token: string): void {
  write(`gift:${donationNo}`, token);
}

export function giftToken(donationNo: string): string | undefined {
  return read(`gift:${donationNo}`);
}
