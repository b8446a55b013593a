// Reads a form's values after validation, or null when a field is invalid (the form already shows why).
import type { FormInstance } from 'antd';

export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
