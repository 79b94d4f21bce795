//! `yusuan._yusuan`: the compiled half of the Python package. Documents cross into
//! Python as JSON text (the same shape the command line prints; amounts stay exact
//! strings) and the long format as columns of strings; `python/yusuan/__init__.py`
//! turns them into Python objects and a pandas frame. Reading runs with the GIL
//! released, on rayon's threads. (`isolate=True`, reading each document in a child
//! process, is pure Python: `yusuan/_child.py`.)

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;
use yusuan::{LONG_FORMAT_FIELDS, Options};

create_exception!(
    _yusuan,
    YusuanError,
    PyException,
    "A disclosure that could not be read; the message names the file."
);

/// The options for a time limit in seconds (the library's default without one).
fn options(timeout: Option<f64>) -> PyResult<Options> {
    let Some(seconds) = timeout else {
        return Ok(Options::new());
    };
    match std::time::Duration::try_from_secs_f64(seconds) {
        Ok(limit) if seconds > 0.0 => Ok(Options::new().time_limit(limit)),
        _ => Err(PyValueError::new_err(format!(
            "timeout must be a positive number of seconds, not {seconds}"
        ))),
    }
}

/// Reads one file, PDF or text, into a document.
fn read_path(path: &str, options: &Options) -> Result<yusuan::Document, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
    yusuan::parse_any(&bytes, path, options).map_err(|e| e.to_string())
}

fn to_json(doc: &yusuan::Document) -> Result<String, String> {
    serde_json::to_string(doc).map_err(|e| format!("{}: cannot serialise: {e}", doc.source))
}

/// The document in a file, as JSON text; `timeout` in seconds.
#[pyfunction]
#[pyo3(signature = (path, timeout=None))]
fn read_json(py: Python<'_>, path: String, timeout: Option<f64>) -> PyResult<String> {
    let options = options(timeout)?;
    py.detach(|| read_path(&path, &options).and_then(|doc| to_json(&doc)))
        .map_err(YusuanError::new_err)
}

/// The document in bytes (a PDF or text), named `name` in the output and in errors.
#[pyfunction]
#[pyo3(signature = (data, name, timeout=None))]
fn read_bytes_json(
    py: Python<'_>,
    data: Vec<u8>,
    name: String,
    timeout: Option<f64>,
) -> PyResult<String> {
    let options = options(timeout)?;
    py.detach(|| {
        yusuan::parse_any(&data, &name, &options)
            .map_err(|e| e.to_string())
            .and_then(|doc| to_json(&doc))
    })
    .map_err(YusuanError::new_err)
}

/// The long format of many files, read `jobs` at a time (all cores by default): the
/// field names, and one column of optional strings per field, rows in input order.
/// The first file that cannot be read raises, naming it.
#[pyfunction]
#[pyo3(signature = (paths, jobs=None, timeout=None))]
#[allow(clippy::type_complexity)]
fn long_columns(
    py: Python<'_>,
    paths: Vec<String>,
    jobs: Option<usize>,
    timeout: Option<f64>,
) -> PyResult<(Vec<&'static str>, Vec<Vec<Option<String>>>)> {
    let options = options(timeout)?;
    let columns = py
        .detach(|| -> Result<Vec<Vec<Option<String>>>, String> {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.unwrap_or(0))
                .build()
                .map_err(|e| format!("cannot start the readers: {e}"))?;
            let docs: Vec<Result<Vec<yusuan::LongRow>, String>> = pool.install(|| {
                paths
                    .par_iter()
                    .map(|p| read_path(p, &options).map(|d| yusuan::long_format(&d)))
                    .collect()
            });
            let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); LONG_FORMAT_FIELDS.len()];
            for rows in docs {
                for row in rows? {
                    for (column, cell) in columns.iter_mut().zip(cells(row)) {
                        column.push(cell);
                    }
                }
            }
            Ok(columns)
        })
        .map_err(YusuanError::new_err)?;
    Ok((LONG_FORMAT_FIELDS.to_vec(), columns))
}

/// For the tests of `isolate=True` only: the child process calls this before reading
/// `name`, and it fails as `YUSUAN_TEST_CHILD_FAULT` says (aborts, overflows the stack,
/// sleeps, exhausts memory); without the variable it does nothing.
#[pyfunction]
fn _inject_fault(name: &str) {
    yusuan::fault::inject(name);
}

/// A long-format row's cells, in `LONG_FORMAT_FIELDS` order.
fn cells(r: yusuan::LongRow) -> [Option<String>; LONG_FORMAT_FIELDS.len()] {
    let text = |n: Option<u32>| n.map(|n| n.to_string());
    [
        Some(r.document),
        text(r.page),
        Some(r.line.to_string()),
        Some(r.table),
        Some(r.table_kind),
        r.phase,
        r.year.map(|y| y.to_string()),
        r.department,
        r.row,
        r.subject_scheme,
        r.subject_code,
        r.subject_level,
        r.subject_name,
        Some(r.column),
        r.column_key,
        Some(r.value),
        r.unit,
        Some(r.record_kind),
        Some(r.top_level.to_string()),
        Some(r.value_kind),
        r.amount,
        Some(r.printed),
    ]
}

#[pymodule]
fn _yusuan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("YusuanError", m.py().get_type::<YusuanError>())?;
    m.add_function(wrap_pyfunction!(read_json, m)?)?;
    m.add_function(wrap_pyfunction!(read_bytes_json, m)?)?;
    m.add_function(wrap_pyfunction!(long_columns, m)?)?;
    m.add_function(wrap_pyfunction!(_inject_fault, m)?)?;
    Ok(())
}
