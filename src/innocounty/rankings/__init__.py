"""Rankings and county profiles (排名与画像): pages, exports, PDF report, maps and API over stored
evaluation results (:mod:`innocounty.evaluations`)."""
