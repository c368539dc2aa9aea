// Dense linear algebra on row-major Float64Array matrices: symmetric eigendecomposition, Cholesky, solving, matrix functions.
import { badInput, CoreError } from '../errors.ts';

/** `c = a · b` with a [m][k], b [k][n] (row-major); returns a new [m][n] matrix. */
export function matMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
  return c;
}

/** Transpose of a [m][n] matrix. */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

export function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}

export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** [n][n] row-major; column j is the unit eigenvector of `values[j]`. */
  vectors: Float64Array;
}

/**
 * Eigendecomposition of a symmetric [n][n] matrix (only symmetry is assumed, the input is not modified):
 * Householder reduction to tridiagonal form, then the implicit QL algorithm (Wilkinson and Reinsch,
 * Handbook for Automatic Computation vol. II, procedures tred2 and tql2), O(n³) with small constants.
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  if (a.length !== n * n) throw badInput(`symmetricEigen: expected ${n * n} entries for a ${n}x${n} matrix, got ${a.length}`);
  // v holds the accumulated transformations, column-major in spirit: v[i*n+j] = V[i][j].
  const v = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tred2(v, d, e, n);
  tql2(v, d, e, n);
  return { values: d, vectors: v };
}

function tred2(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        v[j * n + i] = f;
        g = e[j] + v[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += v[k * n + j] * d[k];
          e[k] += v[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
        for (let k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[(n - 1) * n + j];
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

function tql2(v: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new CoreError('failed', 'symmetricEigen: the QL iteration did not converge');
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            const vk = k * n;
            h = v[vk + i + 1];
            v[vk + i + 1] = s * v[vk + i] + c * h;
            v[vk + i] = c * v[vk + i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }
  // Sort ascending, carrying the vectors along.
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = v[j * n + i];
        v[j * n + i] = v[j * n + k];
        v[j * n + k] = t;
      }
    }
  }
}

/** Lower-triangular L with a = L·Lᵀ; throws when a is not (numerically) positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
    if (!(s > 0)) throw new CoreError('failed', `cholesky: the matrix is not positive definite (pivot ${j} is ${s})`);
    const ljj = Math.sqrt(s);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      for (let k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = t / ljj;
    }
  }
  return l;
}

/** Solves L·x = b (L lower-triangular [n][n]) for an [n][m] right-hand side, returning x. */
export function solveLower(l: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const lik = l[i * n + k];
      if (lik === 0) continue;
      for (let j = 0; j < m; j++) x[i * m + j] -= lik * x[k * m + j];
    }
    const lii = l[i * n + i];
    for (let j = 0; j < m; j++) x[i * m + j] /= lii;
  }
  return x;
}

/** Solves Lᵀ·x = b (L lower-triangular) for an [n][m] right-hand side. */
export function solveUpperFromLower(l: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const x = Float64Array.from(b);
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const lki = l[k * n + i];
      if (lki === 0) continue;
      for (let j = 0; j < m; j++) x[i * m + j] -= lki * x[k * m + j];
    }
    const lii = l[i * n + i];
    for (let j = 0; j < m; j++) x[i * m + j] /= lii;
  }
  return x;
}

/**
 * Solves a·x = b for symmetric positive semi-definite a [n][n] and b [n][m]. Uses Cholesky when possible and
 * otherwise the eigendecomposition pseudo-inverse (eigenvalues below n·eps·max are dropped), which is the
 * minimum-norm least-squares solution, like `numpy.linalg.lstsq`.
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  try {
    const l = cholesky(a, n);
    const y = solveLower(l, b, n, m);
    return solveUpperFromLower(l, y, n, m);
  } catch {
    return pseudoInverseSolve(a, b, n, m);
  }
}

function pseudoInverseSolve(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const maxAbs = values.reduce((acc, value) => Math.max(acc, Math.abs(value)), 0);
  const cutoff = maxAbs * n * 2 ** -52;
  const x = new Float64Array(n * m);
  for (let k = 0; k < n; k++) {
    if (Math.abs(values[k]) <= cutoff) continue;
    for (let j = 0; j < m; j++) {
      let proj = 0;
      for (let i = 0; i < n; i++) proj += vectors[i * n + k] * b[i * m + j];
      proj /= values[k];
      for (let i = 0; i < n; i++) x[i * m + j] += vectors[i * n + k] * proj;
    }
  }
  return x;
}

/** General square solve a·x = b by LU with partial pivoting (a [n][n], b [n][m]). */
export function solveLinear(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const lu = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let i = col + 1; i < n; i++) if (Math.abs(lu[i * n + col]) > Math.abs(lu[pivot * n + col])) pivot = i;
    if (lu[pivot * n + col] === 0) throw new CoreError('failed', `solveLinear: the matrix is singular (column ${col})`);
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        const t = lu[col * n + j];
        lu[col * n + j] = lu[pivot * n + j];
        lu[pivot * n + j] = t;
      }
      for (let j = 0; j < m; j++) {
        const t = x[col * m + j];
        x[col * m + j] = x[pivot * m + j];
        x[pivot * m + j] = t;
      }
    }
    const diag = lu[col * n + col];
    for (let i = col + 1; i < n; i++) {
      const factor = lu[i * n + col] / diag;
      if (factor === 0) continue;
      for (let j = col; j < n; j++) lu[i * n + j] -= factor * lu[col * n + j];
      for (let j = 0; j < m; j++) x[i * m + j] -= factor * x[col * m + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const f = lu[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < m; j++) x[i * m + j] -= f * x[k * m + j];
    }
    for (let j = 0; j < m; j++) x[i * m + j] /= lu[i * n + i];
  }
  return x;
}

/** Applies a scalar function to the eigenvalues of symmetric a: V·diag(f(λ))·Vᵀ. */
export function symmetricFunction(a: Float64Array, n: number, f: (lambda: number) => number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  return rebuild(values.map(f), vectors, n);
}

/** V·diag(d)·Vᵀ for a column-eigenvector matrix V. */
export function rebuild(d: Float64Array, vectors: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) scaled[k] = vectors[i * n + k] * d[k];
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += scaled[k] * vectors[j * n + k];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * Generalized symmetric-definite problem a·v = λ·b·v (b positive definite), as `scipy.linalg.eigh(a, b)`:
 * eigenvalues ascending, eigenvectors as columns normalised so that vᵀ·b·v = 1.
 */
export function generalizedSymmetricEigen(a: Float64Array, b: Float64Array, n: number): SymmetricEigen {
  const l = cholesky(b, n);
  // c = L⁻¹ a L⁻ᵀ
  const y = solveLower(l, a, n, n);
  const c = solveLower(l, transpose(y, n, n), n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = 0.5 * (c[i * n + j] + c[j * n + i]);
      c[i * n + j] = s;
      c[j * n + i] = s;
    }
  }
  const { values, vectors } = symmetricEigen(c, n);
  return { values, vectors: solveUpperFromLower(l, vectors, n, n) };
}
