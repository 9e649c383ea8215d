"""Loading a dataset: `data.load` is the one interface (packaged data, a user's CSV, a data
package), with the reading of one file, the schema's checks, validation, the names a dataset
holds and the cache behind it. Imports only model/."""
