# Figure 6: IOTLB invalidations per interval over time, per group.
# gnuplot -e "dir='...'; enable_at=SECONDS; interval=SECONDS" fig6.gp
set terminal pngcairo size 900,500 font ",10"
set output dir.'/fig6.png'
set title sprintf("Figure 6: IOTLB invalidations per %g s interval (Xen PV dom0, strict, intel-iommu)", interval)
set xlabel 'time since the workload started (s)'
set ylabel 'invalidations per interval'
set key below horizontal
set grid
set yrange [0:*]
set arrow 1 from enable_at, graph 0 to enable_at, graph 1 nohead dashtype 2 lc rgb 'gray40'
set label 1 'dynamic: enable' at enable_at, graph 0.5 offset 0.5,0 tc rgb 'gray40'
plot dir.'/fig6.dat' using 1:2 with linespoints pt 7 ps 0.6 title 'cache-disabled', \
     ''              using 1:3 with linespoints pt 5 ps 0.6 title 'cache-pre-enabled', \
     ''              using 1:4 with linespoints pt 9 ps 0.6 title 'cache-dynamic-enabled'
